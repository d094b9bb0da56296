//! The indicator hierarchies as data: which 二级指标 belong under which 一级指标 in each
//! framework. The grammar accepts any group name at either level; the checker consults this
//! table, so adding a framework is adding rows here.

use serde::Serialize;

/// A group keyword as written. Whether it is a 一级 or 二级 group depends on where it stands;
/// `cost` (成本指标) is both: a LEVEL2 under `output` in 2015, a LEVEL1 in 2021.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GroupName {
    Output,
    Benefit,
    Satisfaction,
    Cost,
    Quantity,
    Quality,
    Timeliness,
    Economic,
    Social,
    Ecological,
    Sustainability,
    Beneficiary,
    EconomicCost,
    SocialCost,
    EnvironmentalCost,
}

impl GroupName {
    /// The JSON / English name (`economic-cost`).
    pub fn as_str(self) -> &'static str {
        use GroupName::*;
        match self {
            Output => "output",
            Benefit => "benefit",
            Satisfaction => "satisfaction",
            Cost => "cost",
            Quantity => "quantity",
            Quality => "quality",
            Timeliness => "timeliness",
            Economic => "economic",
            Social => "social",
            Ecological => "ecological",
            Sustainability => "sustainability",
            Beneficiary => "beneficiary",
            EconomicCost => "economic-cost",
            SocialCost => "social-cost",
            EnvironmentalCost => "environmental-cost",
        }
    }

    /// 成本指标 or one of its 2021 children.
    pub fn is_cost(self) -> bool {
        matches!(
            self,
            GroupName::Cost
                | GroupName::EconomicCost
                | GroupName::SocialCost
                | GroupName::EnvironmentalCost
        )
    }

    /// The name printed on the official form (`产出指标`).
    pub fn form_name(self) -> &'static str {
        use GroupName::*;
        match self {
            Output => "产出指标",
            Benefit => "效益指标",
            Satisfaction => "满意度指标",
            Cost => "成本指标",
            Quantity => "数量指标",
            Quality => "质量指标",
            Timeliness => "时效指标",
            Economic => "经济效益指标",
            Social => "社会效益指标",
            Ecological => "生态效益指标",
            Sustainability => "可持续影响指标",
            Beneficiary => "服务对象满意度指标",
            EconomicCost => "经济成本指标",
            SocialCost => "社会成本指标",
            EnvironmentalCost => "生态环境成本指标",
        }
    }
}

/// An indicator framework (指标体系).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Framework {
    /// The long-standing default (产出 / 效益 / 满意度, cost under 产出).
    F2015,
    /// 财预〔2021〕101号: 成本指标 becomes a LEVEL1 of its own.
    F2021,
}

impl Framework {
    pub fn from_year(year: u32) -> Option<Framework> {
        match year {
            2015 => Some(Framework::F2015),
            2021 => Some(Framework::F2021),
            _ => None,
        }
    }
    pub fn year(self) -> u32 {
        match self {
            Framework::F2015 => 2015,
            Framework::F2021 => 2021,
        }
    }

    /// The LEVEL1 groups with their LEVEL2 children, in form order.
    pub fn table(self) -> &'static [(GroupName, &'static [GroupName])] {
        use GroupName::*;
        match self {
            Framework::F2015 => &[
                (Output, &[Quantity, Quality, Timeliness, Cost]),
                (Benefit, &[Economic, Social, Ecological, Sustainability]),
                (Satisfaction, &[Beneficiary]),
            ],
            Framework::F2021 => &[
                (Cost, &[EconomicCost, SocialCost, EnvironmentalCost]),
                (Output, &[Quantity, Quality, Timeliness]),
                (Benefit, &[Economic, Social, Ecological, Sustainability]),
                (Satisfaction, &[Beneficiary]),
            ],
        }
    }

    pub fn is_level1(self, g: GroupName) -> bool {
        self.table().iter().any(|(l1, _)| *l1 == g)
    }

    /// The LEVEL1 a LEVEL2 belongs under in this framework, if any.
    pub fn parent_of(self, level2: GroupName) -> Option<GroupName> {
        self.table()
            .iter()
            .find(|(_, kids)| kids.contains(&level2))
            .map(|(l1, _)| *l1)
    }

    /// The other framework in which `g` has the role it lacks here, for a fix-it.
    pub fn other(self) -> Framework {
        match self {
            Framework::F2015 => Framework::F2021,
            Framework::F2021 => Framework::F2015,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_is_level2_in_2015_and_level1_in_2021() {
        assert_eq!(
            Framework::F2015.parent_of(GroupName::Cost),
            Some(GroupName::Output)
        );
        assert!(!Framework::F2015.is_level1(GroupName::Cost));
        assert!(Framework::F2021.is_level1(GroupName::Cost));
        assert_eq!(Framework::F2021.parent_of(GroupName::Cost), None);
        assert_eq!(
            Framework::F2021.parent_of(GroupName::SocialCost),
            Some(GroupName::Cost)
        );
    }
}
